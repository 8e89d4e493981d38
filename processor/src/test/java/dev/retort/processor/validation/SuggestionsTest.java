package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KNOWN = List.of("4d1a", "77b0", "a1f3", "1b7e443f2a9c");

  @Test
  void distance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(Suggestions.distance("7b0", "77b0")).isEqualTo(1);
    assertThat(Suggestions.distance("77b0", "77b0")).isEqualTo(0);
    assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void didYouMean_findsOneEditAway() {
    assertThat(Suggestions.didYouMean("7b0", KNOWN)).hasValue("77b0");
    assertThat(Suggestions.didYouMean("a1f4", KNOWN)).hasValue("a1f3");
  }

  @Test
  void didYouMean_findsAShortenedId() {
    assertThat(Suggestions.didYouMean("1b7e", KNOWN)).hasValue("1b7e443f2a9c");
  }

  @Test
  void didYouMean_ignoresCase() {
    assertThat(Suggestions.didYouMean("A1F3", KNOWN)).hasValue("a1f3");
  }

  @Test
  void didYouMean_staysQuietWhenNothingIsClose() {
    assertThat(Suggestions.didYouMean("zzzz", KNOWN)).isEqualTo(Optional.empty());
    assertThat(Suggestions.didYouMean("", KNOWN)).isEqualTo(Optional.empty());
  }

  @Test
  void didYouMean_staysQuietOnATie() {
    assertThat(Suggestions.didYouMean("ab", List.of("abc", "abd", "xyz")))
        .isEqualTo(Optional.empty());
  }

  @Test
  void closest_returnsTheNearestSortedById() {
    assertThat(Suggestions.closest("7b0", KNOWN, 2)).containsExactly("4d1a", "77b0").inOrder();
  }
}
