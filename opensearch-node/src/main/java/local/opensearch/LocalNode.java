package local.opensearch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node for local development and tests, started from the classpath.
 *
 * <p>Constructing {@link Node} directly (rather than through OpenSearch's bootstrap) skips the
 * security manager, the jar hell check and the production bootstrap checks, none of which fit
 * a node that lives inside a developer's data folder. The modules the distribution would load
 * from its modules folder are passed in as classpath plugins instead.
 *
 * <p>Usage: {@code java -cp ... local.opensearch.LocalNode <home> <httpPort> <transportPort>}.
 * It stops on SIGINT/SIGTERM and when its standard input closes, so it never outlives the
 * process that started it, even when that process is killed without a chance to clean up.
 */
public final class LocalNode {
  private static final List<Class<? extends Plugin>> MODULES =
      List.of(Netty4Plugin.class, CommonAnalysisPlugin.class, MapperExtrasPlugin.class);

  /** Node's constructor that accepts classpath plugins is protected: this exposes it. */
  static final class ClasspathNode extends Node {
    ClasspathNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
      super(environment, plugins, true);
    }
  }

  private LocalNode() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: LocalNode <home> <httpPort> <transportPort>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    Settings settings =
        Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "local-hotels")
            .put("node.name", "local")
            // One node on loopback: never joins or looks for another.
            .put("discovery.type", "single-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", args[2])
            // A developer's disk may be nearly full; that must not turn the indices read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
    Environment environment =
        InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "local");
    Node node = new ClasspathNode(environment, MODULES);

    Thread stopper = new Thread(() -> close(node), "local-node-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    node.start();
    System.out.println("opensearch-node started on http://127.0.0.1:" + args[1]);
    System.out.flush();

    // Standard input closes when the parent process ends, however it ends.
    InputStream in = System.in;
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // Nothing is read from it; it only tells us the parent is still there.
    }
    System.exit(0);
  }

  private static void close(Node node) {
    try {
      node.close();
      node.awaitClose(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      System.err.println("opensearch-node: stopping failed: " + e);
    }
  }
}
