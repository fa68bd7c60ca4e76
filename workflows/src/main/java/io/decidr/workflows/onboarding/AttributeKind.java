package io.decidr.workflows.onboarding;

/** The attribute types a template may use. */
public enum AttributeKind { TEXT, NUMBER, BOOLEAN, DATE, LINK }
