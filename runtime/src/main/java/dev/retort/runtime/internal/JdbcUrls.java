package dev.retort.runtime.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JDBC URLs and passwords: the one masking function every URL in a message, a log line or a
 * command's output goes through, and the split that takes a password out of a URL before a driver
 * sees it.
 *
 * <p>Public for Retort's own modules (the commands' {@code Redactor} masks with it); not API.
 */
public final class JdbcUrls {
  /** What a hidden password is replaced with. */
  public static final String MASK = "****";

  private static final String REPLACEMENT = Matcher.quoteReplacement(MASK);

  // password=..., pwd=..., passwd=... in a query string or a ;-separated property list: the value
  // runs to the next separator, whatever it holds.
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;]\\s*(?:password|passwd|pwd)\\s*=\\s*)[^&;\\s]+");
  // The same keys anywhere (a driver's message, a properties line, a command's JSON): there the
  // value also ends at a closing bracket or a quote; a value that is empty or quoted (SQL in a
  // message, say) is left as it is.
  private static final Pattern PASSWORD_IN_TEXT =
      Pattern.compile("(?i)((?:password|passwd|pwd)\\s*=\\s*)[^&;\\s)\\]\"']+");
  // scheme://user:password@host
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]*:)[^@/\\s]+(@)");

  private JdbcUrls() {}

  /**
   * {@code text}, a URL or a message naming one, with every password in it masked: the value of a
   * {@code password=}, {@code passwd=} or {@code pwd=} parameter (in a query or property list, up
   * to the next separator), and the password of {@code //user:password@host}.
   */
  public static String mask(String text) {
    if (text == null) {
      return null;
    }
    return maskInText(PASSWORD_PARAMETER.matcher(text).replaceAll("$1" + REPLACEMENT));
  }

  /**
   * {@code text} of any structure (a command's JSON, say) with the passwords of the URLs and
   * parameters it mentions masked, each value ending also at a closing bracket or a quote, so that
   * the text around it survives: what a front end's output goes through.
   */
  public static String maskInText(String text) {
    if (text == null) {
      return null;
    }
    String masked = PASSWORD_IN_TEXT.matcher(text).replaceAll("$1" + REPLACEMENT);
    return USER_INFO.matcher(masked).replaceAll("$1" + REPLACEMENT + "$2");
  }

  /**
   * The passwords {@code url} carries, in the forms {@link #mask} hides, so that a caller can hide
   * them also where they appear on their own (a driver that repeats one in a message, say).
   */
  public static List<String> passwords(String url) {
    if (url == null) {
      return List.of();
    }
    Set<String> found = new LinkedHashSet<>(); // both parameter patterns find a query's value
    for (Pattern pattern : List.of(PASSWORD_PARAMETER, PASSWORD_IN_TEXT)) {
      Matcher parameter = pattern.matcher(url);
      while (parameter.find()) {
        found.add(url.substring(parameter.end(1), parameter.end()));
      }
    }
    Matcher userInfo = USER_INFO.matcher(url);
    while (userInfo.find()) {
      found.add(url.substring(userInfo.end(1), userInfo.start(2)));
    }
    return List.copyOf(found);
  }

  /** A URL without its password parameter, and that password, decoded; null when it had none. */
  record Split(String url, String password) {}

  /**
   * Takes the {@code password} parameter out of {@code url}'s query, so that it can travel as a
   * connection property instead: the PostgreSQL driver logs the URL it connects with at FINE, and
   * no log level may print a password.
   */
  static Split split(String url) {
    int query = url.indexOf('?');
    if (query < 0) {
      return new Split(url, null);
    }
    String password = null;
    List<String> kept = new ArrayList<>();
    for (String parameter : url.substring(query + 1).split("&", -1)) {
      int equals = parameter.indexOf('=');
      String key = equals < 0 ? parameter : parameter.substring(0, equals);
      if (equals >= 0 && key.equalsIgnoreCase("password")) {
        // The driver decodes parameters the same way.
        password = URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8);
      } else {
        kept.add(parameter);
      }
    }
    String base = url.substring(0, query);
    return new Split(kept.isEmpty() ? base : base + "?" + String.join("&", kept), password);
  }
}
