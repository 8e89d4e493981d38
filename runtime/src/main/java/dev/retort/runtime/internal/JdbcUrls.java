package dev.retort.runtime.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JDBC URLs and passwords: the one masking function every URL in a message or log line goes
 * through, and the split that takes a password out of a URL before a driver sees it.
 */
final class JdbcUrls {
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;]\\s*(?:password|passwd|pwd)\\s*=)[^&;\\s]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");

  private JdbcUrls() {}

  /**
   * {@code text} with every password in it masked: the value of a {@code password=}, {@code
   * passwd=} or {@code pwd=} parameter, and the password of {@code //user:password@host}.
   */
  static String mask(String text) {
    if (text == null) {
      return null;
    }
    String masked = PASSWORD_PARAMETER.matcher(text).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
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
