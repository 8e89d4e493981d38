package dev.retort.commands;

import dev.retort.runtime.internal.JdbcUrls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one masking function every front end sends its output through: stdout, stderr, log lines
 * and error messages. It hides the password it was given and any credential a JDBC URL carries
 * ({@code password=...} parameters and {@code user:password@} user info), wherever they appear in
 * the text, for example inside a driver's "no suitable driver for ..." message or a command's JSON.
 * The URL forms are the runtime's ({@link JdbcUrls#maskInText}, and {@link JdbcUrls#passwords} for
 * the configured URLs), so that the library and the commands hide the same things.
 */
public final class Redactor {
  /** What a hidden secret is replaced with. */
  public static final String MASK = JdbcUrls.MASK;

  private final List<String> secrets;

  private Redactor(List<String> secrets) {
    List<String> sorted = new ArrayList<>(secrets);
    // Longest first, so that a secret containing another is masked whole.
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(sorted);
  }

  /**
   * A redactor for {@code secrets} (blank and null entries are ignored) and for the credentials the
   * given JDBC URL carries.
   */
  public static Redactor of(String url, String... secrets) {
    return ofUrls(url == null ? List.of() : List.of(url), secrets);
  }

  /**
   * A redactor for {@code secrets} and for the credentials each of {@code urls} carries: the
   * database's and a target database's, say.
   */
  public static Redactor ofUrls(List<String> urls, String... secrets) {
    List<String> all = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isBlank()) {
        all.add(secret);
      }
    }
    for (String url : urls) {
      all.addAll(JdbcUrls.passwords(url));
    }
    return new Redactor(all);
  }

  /** {@code text} with every known secret and every URL credential replaced by {@link #MASK}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return JdbcUrls.maskInText(result);
  }
}
