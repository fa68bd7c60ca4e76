package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;

/** A command on one entity. Members and admins issue them. */
public sealed interface EntityCommand
        permits CreateEntity, SetValue, ClearValue, ArchiveEntity, RestoreEntity, LinkEntity, UnlinkEntity,
                AddBacklink, RemoveBacklink, PurgeAttribute, EraseEntity {

    CommandContext ctx();

    /** The entity the command is for. */
    EntityId id();
}
