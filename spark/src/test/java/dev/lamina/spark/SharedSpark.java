package dev.lamina.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One real local Spark for every test class of the module (they run in one JVM): two worker threads,
 * bound to 127.0.0.1, no UI. Spark's own shutdown hook stops it when the JVM exits.
 */
final class SharedSpark {
    private SharedSpark() {
    }

    private static final class Holder {
        static final SparkSession SPARK = SparkSession.builder()
                .master("local[2]")
                .appName("lamina-spark-tests")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }

    static SparkSession session() {
        return Holder.SPARK;
    }
}
