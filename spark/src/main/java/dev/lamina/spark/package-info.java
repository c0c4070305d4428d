/**
 * Lamina on Apache Spark: scores a {@code Dataset}'s rows with a Lamina model. {@link dev.lamina.spark.LaminaTransformer}
 * is the Spark ML stage, {@link dev.lamina.spark.Scoring#score} the same for code without ML pipelines. On every
 * executor JVM the model is read and compiled once, keyed by its content ({@link dev.lamina.spark.ExecutorModels}),
 * shared by that JVM's tasks and closed when the JVM shuts down; rows are scored in batches within each
 * partition. Spark itself is {@code provided}: nothing of it is visible outside this module.
 */
package dev.lamina.spark;
