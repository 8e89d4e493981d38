package dev.retort.commands;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one masking function every front end sends its output through: stdout, stderr, log lines
 * and error messages. It hides the password it was given and any credential a JDBC URL carries
 * ({@code password=...} parameters and {@code user:password@} user info), wherever they appear in
 * the text, for example inside a driver's "no suitable driver for ..." message.
 */
public final class Redactor {
  /** What a hidden secret is replaced with. */
  public static final String MASK = "****";

  // password=..., pwd=..., passwd=... in a query string or a ;-separated property list.
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:password|passwd|pwd)=)[^&;\\s)\\]\"']*");
  // scheme://user:password@host
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]*(@)");

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
      if (url == null) {
        continue;
      }
      Matcher password = URL_PASSWORD.matcher(url);
      while (password.find()) {
        String value = url.substring(password.end(1), password.end());
        if (!value.isEmpty()) {
          all.add(value);
        }
      }
      Matcher userInfo = USER_INFO.matcher(url);
      while (userInfo.find()) {
        String value = url.substring(userInfo.end(1), userInfo.start(2));
        if (!value.isEmpty()) {
          all.add(value);
        }
      }
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
    result = URL_PASSWORD.matcher(result).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return USER_INFO.matcher(result).replaceAll("$1" + Matcher.quoteReplacement(MASK) + "$2");
  }
}
