/**
 * Personal data: the data subjects' key store ({@code decidr.personal-data.*}) the command bus, projectors and readers
 * share, and the GraphQL operations to erase and export a subject.
 */
package io.decidr.platform.personal;
