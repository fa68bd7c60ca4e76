package io.decidr.domain.collection;

import io.decidr.domain.access.CommandContext;

/** A command on one collection. Admins only. */
public sealed interface CollectionCommand
        permits CreateCollection, RenameCollection, DefineAttribute, RenameAttribute, RemoveAttribute,
                ArchiveCollection {

    CommandContext ctx();

    /** The collection the command is for. */
    CollectionId id();
}
