package dev.retort.benchmarks.child;

/** A JVM that does nothing but report: the cost of the JVM and of the report itself. */
public final class EmptyChild {
  private EmptyChild() {}

  public static void main(String[] args) {
    Report.print(0, "");
  }
}
