/** Users' compute jobs: starting and cancelling their workflows, and answering from the jobs read model. */
package io.decidr.platform.jobs;
