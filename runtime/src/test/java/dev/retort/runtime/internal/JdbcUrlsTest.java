package dev.retort.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The one masking function, and the split that keeps a password out of the driver's URL. */
class JdbcUrlsTest {
  @Test
  void mask_hidesEveryPasswordForm_andKeepsTheRest() {
    assertEquals(
        "jdbc:postgresql://db:5432/app?user=u&password=***&ssl=true",
        JdbcUrls.mask("jdbc:postgresql://db:5432/app?user=u&password=s3cret&ssl=true"));
    assertEquals(
        "jdbc:x://u:***@db/app;PWD=***", JdbcUrls.mask("jdbc:x://u:s3cret@db/app;PWD=s3cret"));
    assertEquals("jdbc:sqlite:/srv/app.db", JdbcUrls.mask("jdbc:sqlite:/srv/app.db"));
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
