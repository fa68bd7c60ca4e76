/** Webhooks in the platform: their pool, store, admin service, subscriber and dispatcher, wired by role. */
package io.decidr.platform.webhooks;
