package dev.retort.samples.traininglog;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.samples.traininglog.db.RetortRegistry;

/**
 * The start-up path alone, for {@link ClassLoadTest}'s child JVM: {@code upgrade("head")} on the
 * database at {@code args[0]}, with the registry found by ServiceLoader ({@code args[1]} = {@code
 * service-loader}) or named explicitly ({@code explicit}), the form for native images.
 */
public final class UpgradeAtHead {
  private UpgradeAtHead() {}

  public static void main(String[] args) {
    RetortConfig.Builder builder = Retort.configure().dataSource(args[0]);
    if (args[1].equals("explicit")) {
      builder.registry(RetortRegistry.INSTANCE);
    }
    System.out.println(builder.load().upgrade("head").to());
  }
}
