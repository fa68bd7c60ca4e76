/**
 * An Apache Kafka broker in KRaft mode (broker and controller in one JVM) for tests of the messaging's Kafka path: run
 * from the classpath the build copies (devservices/target/embedded-kafka/lib), with data in a folder that outlives a
 * restart, so a test can stop or kill it and start it again where its clients expect it.
 */
package io.decidr.devservices.kafka;
