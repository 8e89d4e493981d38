package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void isValid_acceptsTheDocumentedSet() {
    assertThat(Ids.isValid("a")).isTrue();
    assertThat(Ids.isValid("1b7e443f2a9c")).isTrue();
    assertThat(Ids.isValid("2026_11_23_Add_Phone")).isTrue();
    assertThat(Ids.isValid("x".repeat(32))).isTrue();
    assertThat(Ids.isValid("headless")).isTrue();
  }

  @Test
  void isValid_refusesEverythingElse() {
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid("x".repeat(33))).isFalse();
    assertThat(Ids.isValid("a-b")).isFalse();
    assertThat(Ids.isValid("é")).isFalse();
    assertThat(Ids.isValid("HEADS")).isFalse();
    assertThat(Ids.isValid("Base")).isFalse();
  }

  @Test
  void suggestion_replacesRunsOfOtherCharactersWithOneUnderscore() {
    assertThat(Ids.suggestion("add phone")).hasValue("add_phone");
    assertThat(Ids.suggestion(" -add--phone- ")).hasValue("add_phone");
    assertThat(Ids.suggestion("x".repeat(40))).hasValue("x".repeat(32));
  }

  @Test
  void suggestion_isEmptyWhenNothingValidIsLeft() {
    assertThat(Ids.suggestion("---")).isEqualTo(Optional.empty());
    assertThat(Ids.suggestion("he-ad")).hasValue("he_ad");
    assertThat(Ids.suggestion("head!")).isEqualTo(Optional.empty());
  }
}
