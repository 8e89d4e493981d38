package dev.retort.runtime;

/** Which way a revision ran. */
public enum Direction {
  UPGRADE,
  DOWNGRADE
}
