package dev.retort.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one masking function, and the split that keeps a password out of the driver's URL. */
class JdbcUrlsTest {
  @Test
  void mask_hidesEveryPasswordForm_andKeepsTheRest() {
    assertEquals(
        "jdbc:postgresql://db:5432/app?user=u&password=****&ssl=true",
        JdbcUrls.mask("jdbc:postgresql://db:5432/app?user=u&password=s3cret&ssl=true"));
    assertEquals(
        "jdbc:x://u:****@db/app;PWD=****", JdbcUrls.mask("jdbc:x://u:s3cret@db/app;PWD=s3cret"));
    assertEquals("jdbc:sqlite:/srv/app.db", JdbcUrls.mask("jdbc:sqlite:/srv/app.db"));
    // In a query or property list the value runs to the separator, brackets and quotes included.
    assertEquals(
        "jdbc:x://db/app?password=****&ssl=true;pwd=****",
        JdbcUrls.mask("jdbc:x://db/app?password=ab)c'd&ssl=true;pwd=\"q]"));
    // In free text (a driver's message, a properties line) and with an empty user name.
    assertEquals(
        "connect failed (password = ****) for jdbc:x://:****@db/app",
        JdbcUrls.mask("connect failed (password = s3cret) for jdbc:x://:s3cret@db/app"));
    assertEquals("retort.password=****", JdbcUrls.mask("retort.password=s3cret"));
    assertEquals(
        "UPDATE account SET password = 'x' WHERE password=",
        JdbcUrls.mask("UPDATE account SET password = 'x' WHERE password="));
  }

  @Test
  void maskInText_endsAValueAtABracketOrQuote_soThatJsonSurvives() {
    assertEquals(
        "{\"target\":\"jdbc:x://u:****@db/app?password=****\",\"pending\":true}",
        JdbcUrls.maskInText(
            "{\"target\":\"jdbc:x://u:pw@db/app?password=s3cret\",\"pending\":true}"));
  }

  @Test
  void passwords_areTheValuesThatMaskHides() {
    assertEquals(
        java.util.List.of("s3cret", "hunter2"),
        JdbcUrls.passwords("jdbc:postgresql://deploy:hunter2@db/app?user=deploy&password=s3cret"));
    assertEquals(java.util.List.of(), JdbcUrls.passwords("jdbc:postgresql://db:5432/app?password="));
    assertEquals(java.util.List.of(), JdbcUrls.passwords(null));
  }

  @Test
  void split_takesTheDecodedPasswordOutOfTheQuery() {
    JdbcUrls.Split split =
        JdbcUrls.split("jdbc:postgresql://db/app?user=u&password=p%26ss%3Dw0rd&ssl=true");

    assertEquals("jdbc:postgresql://db/app?user=u&ssl=true", split.url());
    assertEquals("p&ss=w0rd", split.password());
    assertEquals(
        new JdbcUrls.Split("jdbc:postgresql://db/app", "x"),
        JdbcUrls.split("jdbc:postgresql://db/app?password=x"));
    assertEquals(
        new JdbcUrls.Split("jdbc:sqlite:/srv/app.db", null),
        JdbcUrls.split("jdbc:sqlite:/srv/app.db"));
  }
}
