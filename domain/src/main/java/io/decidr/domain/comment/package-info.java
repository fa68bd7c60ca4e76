/**
 * Comments on entities: added by members and admins, edited by their author, deleted by their author or an
 * admin.
 */
package io.decidr.domain.comment;
