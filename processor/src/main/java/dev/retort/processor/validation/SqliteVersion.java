package dev.retort.processor.validation;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SQLite version such as 3.35.0, as {@code -Aretort.sqliteMinVersion} gives it: the oldest
 * SQLite the build's revisions must run on, which decides what ALTER TABLE can do natively.
 *
 * @param major the major version, 3 for every SQLite the JDBC drivers ship
 * @param minor the minor version, such as 35
 * @param patch the patch version, 0 when not given
 */
public record SqliteVersion(int major, int minor, int patch) implements Comparable<SqliteVersion> {
  /** The first version with ALTER TABLE ... DROP COLUMN. */
  public static final SqliteVersion DROP_COLUMN = new SqliteVersion(3, 35, 0);

  /**
   * The first version whose ALTER TABLE adds and drops CHECK constraints and changes NOT NULL
   * (SqliteDialect.CONSTRAINT_ALTER_SINCE in the runtime).
   */
  public static final SqliteVersion CONSTRAINT_ALTER = new SqliteVersion(3, 53, 0);

  /** The default minimum: DROP COLUMN is native, constraint changes are not. */
  public static final SqliteVersion DEFAULT_MINIMUM = DROP_COLUMN;

  private static final Pattern FORMAT =
      Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

  public SqliteVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("negative version part");
    }
  }

  /** {@code 3.35} or {@code 3.35.5}, from major 3 on; empty for anything else. */
  public static Optional<SqliteVersion> parse(String text) {
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(matcher.group(1));
    int minor = Integer.parseInt(matcher.group(2));
    int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
    return major < 3 ? Optional.empty() : Optional.of(new SqliteVersion(major, minor, patch));
  }

  /** True when this version is {@code other} or later. */
  public boolean isAtLeast(SqliteVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(SqliteVersion other) {
    int byMajor = Integer.compare(major, other.major);
    if (byMajor != 0) {
      return byMajor;
    }
    int byMinor = Integer.compare(minor, other.minor);
    return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
  }

  /** {@code 3.35}, or {@code 3.35.5} when the patch is not 0, as the option takes it. */
  @Override
  public String toString() {
    return major + "." + minor + (patch == 0 ? "" : "." + patch);
  }
}
