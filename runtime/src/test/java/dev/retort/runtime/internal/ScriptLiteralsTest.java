package dev.retort.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Bound parameters written into an offline script as literals. */
class ScriptLiteralsTest {

  @Test
  void markersInQuotesCommentsAndDollarQuotes_stayAsWritten() {
    String sql =
        "UPDATE t SET a = ?, \"odd?\" = '?''?' /* ? */ WHERE b = ? -- ?\n"
            + " AND c = $$?$$ AND d = $x$ ? $x$ AND e = ?";

    assertEquals(
        "UPDATE t SET a = 'it''s', \"odd?\" = '?''?' /* ? */ WHERE b = 42 -- ?\n"
            + " AND c = $$?$$ AND d = $x$ ? $x$ AND e = NULL",
        ScriptLiterals.inline(Dialect.postgres(), sql, Arrays.asList("it's", 42L, null)));
  }

  @Test
  void valuesWithOneMeaning_becomeLiterals() {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertEquals(
        "VALUES (TRUE, 1.50, 2.5, '123e4567-e89b-12d3-a456-426614174000', '2026-12-01')",
        ScriptLiterals.inline(
            Dialect.sqlite(),
            "VALUES (?, ?, ?, ?, ?)",
            List.of(true, new BigDecimal("1.50"), 2.5d, id, LocalDate.of(2026, 12, 1))));
  }

  @Test
  void boundDateTimes_becomeIsoLiterals() {
    assertEquals(
        "VALUES ('2026-12-01T07:30', '2026-12-01T07:30Z')",
        ScriptLiterals.inline(
            Dialect.postgres(),
            "VALUES (?, ?)",
            List.of(
                LocalDateTime.of(2026, 12, 1, 7, 30),
                OffsetDateTime.of(2026, 12, 1, 7, 30, 0, 0, ZoneOffset.UTC))));
  }

  @Test
  void valueWithoutLiteral_isRefusedNamingTheParameter() {
    RetortException e =
        assertThrows(
            RetortException.class,
            () ->
                ScriptLiterals.inline(
                    Dialect.sqlite(), "INSERT INTO t VALUES (?, ?)", List.of(1, new byte[] {1})));

    assertEquals(
        "parameter 2 is a [B, which offline SQL cannot write as a literal; write the value in the"
            + " SQL, or run this revision online",
        e.getMessage());
  }

  @Test
  void markerCountDifferentFromParameters_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ScriptLiterals.inline(Dialect.sqlite(), "SELECT ?", List.of(1, 2)));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScriptLiterals.inline(Dialect.sqlite(), "SELECT ?, ?", List.of(1)));
  }
}
