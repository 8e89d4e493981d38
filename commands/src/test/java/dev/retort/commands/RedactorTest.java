package dev.retort.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactorTest {
  @Test
  void givenPassword_isMaskedWherever_itAppears() {
    Redactor redactor = Redactor.of("jdbc:sqlite:app.db", "pa55word");

    assertEquals(
        "FATAL: bad **** for user x, and ****",
        redactor.redact("FATAL: bad pa55word for user x, and pa55word"));
  }

  @Test
  void urlCredentials_queryParametersAndUserInfo_areMasked() {
    Redactor redactor = Redactor.of("jdbc:postgresql://deploy:hunter2@db/app?user=deploy&password=s3cr3t&ssl=true");

    assertEquals(
        "no suitable driver for jdbc:postgresql://deploy:****@db/app?user=deploy&password=****&ssl=true",
        redactor.redact(
            "no suitable driver for jdbc:postgresql://deploy:hunter2@db/app?user=deploy&password=s3cr3t&ssl=true"));
    // The password alone, wherever a driver repeats it, and in a URL the redactor never saw.
    assertEquals("it was ****", redactor.redact("it was s3cr3t"));
    assertEquals(
        "jdbc:sqlserver://h;user=a;password=****;db=x",
        redactor.redact("jdbc:sqlserver://h;user=a;password=zz9;db=x"));
  }

  @Test
  void noSecrets_textUnchanged() {
    assertEquals("jdbc:sqlite:app.db", Redactor.of("jdbc:sqlite:app.db").redact("jdbc:sqlite:app.db"));
  }
}
