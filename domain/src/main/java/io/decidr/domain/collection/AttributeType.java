package io.decidr.domain.collection;

/**
 * What an attribute holds. A {@link LinkType} attribute holds links to other entities instead of a value.
 *
 * <p>Types only check that they are well formed; their limits (lengths, counts) are the decider's, so that
 * tightening a limit never makes stored events unreadable.
 */
public sealed interface AttributeType permits TextType, NumberType, BooleanType, DateType, SelectType, LinkType {
}
