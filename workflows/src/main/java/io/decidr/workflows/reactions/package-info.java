/**
 * Process managers that react to integration events (Tram messages) rather than to a mutation: each message starts
 * one workflow whose id derives from the message id, so a redelivered message never starts it twice, and whose memo
 * names its trigger (message id and event type). Their commands name the triggering event as their cause and
 * correlation, and act as the platform's own process actor ({@link io.decidr.workflows.reactions.Trigger#requester}).
 */
package io.decidr.workflows.reactions;
