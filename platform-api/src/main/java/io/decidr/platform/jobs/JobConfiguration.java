package io.decidr.platform.jobs;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.JobHandler;
import io.decidr.application.handlers.ScheduleParameters;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.OpenJobs;
import io.decidr.eventstore.PostgresOpenJobs;
import io.decidr.eventstore.lease.Leases;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.eventstore.upload.UploadStore;
import io.decidr.workflows.job.ComputeJobActivities;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.job.JobInput;
import io.decidr.workflows.job.LostJobs;
import io.decidr.workflows.schedule.JobScheduleClient;
import io.decidr.workflows.schedule.ScheduledJobActivitiesImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The compute jobs' activities (named in {@code spring.temporal.workers[jobs].activity-beans}) and their client. */
@Configuration(proxyBeanMethods = false)
public class JobConfiguration {

    /** @param maxItemsPerSecond {@code decidr.jobs.max-items-per-second}: how fast one job may go (0: no limit) */
    @Bean
    ComputeJobActivities jobActivities(JobHandler jobs, EntityHandler entities, CollectionHandler collections,
            CollectionMembership members, UploadStore uploads, MeterRegistry meters,
            @Value("${decidr.jobs.max-items-per-second:0}") int maxItemsPerSecond) {
        return new ComputeJobActivities(jobs, entities, collections, members, uploads, maxItemsPerSecond,
                new JobMetrics(meters));
    }

    /**
     * @param chunksPerRun {@code decidr.jobs.chunks-per-run}: chunks a run of a job's workflow works through before it
     *                     continues as new (1 to 1,000; fixed in the job's input when it is requested)
     */
    @Bean
    ComputeJobClient computeJobs(WorkflowClient client, JobHandler jobs, CollectionHandler collections,
            JobRetryProperties retries, UploadStore uploads,
            @Value("${decidr.jobs.chunks-per-run:" + JobInput.DEFAULT_CHUNKS_PER_RUN + "}") int chunksPerRun) {
        return new ComputeJobClient(client, jobs, collections, retries::forKind, uploads, chunksPerRun);
    }

    /**
     * The sweep for jobs whose workflow Temporal lost, in processes with the worker role.
     *
     * @param every {@code decidr.jobs.reconcile.every}: how often it looks (default 1m)
     * @param quiet {@code decidr.jobs.reconcile.quiet}: how long an open job must have made no progress before
     *              Temporal is asked about it (default 2m)
     * @param enabled {@code decidr.jobs.reconcile.enabled} (default true): off, nothing sweeps in this process
     */
    @Bean
    @ConditionalOnProperty(name = "decidr.roles.worker.enabled", havingValue = "true", matchIfMissing = true)
    LostJobsSweep lostJobsSweep(OpenJobs open, WorkflowClient client, JobHandler jobs, Leases leases, MeterRegistry meters,
            @Value("${decidr.jobs.reconcile.every:1m}") Duration every,
            @Value("${decidr.jobs.reconcile.quiet:2m}") Duration quiet,
            @Value("${decidr.jobs.reconcile.enabled:true}") boolean enabled) {
        String holder = ProcessHandle.current().pid() + "@" + UUID.randomUUID();
        return new LostJobsSweep(new LostJobs(open, client, jobs, Clock.systemUTC()), leases, holder, every, quiet, enabled,
                meters);
    }

    @Bean
    OpenJobs openJobs(ConnectionFactory connections) {
        return new PostgresOpenJobs(connections);
    }

    /** The activity of a schedule's runs (named in {@code spring.temporal.workers[jobs].activity-beans}). */
    @Bean
    ScheduledJobActivitiesImpl scheduledJobActivities(ComputeJobClient jobs, ScheduleParameters parameters) {
        return new ScheduledJobActivitiesImpl(jobs, parameters);
    }

    /** @param maxPerTenant {@code decidr.jobs.schedules.max-per-tenant}: schedules one tenant may hold */
    @Bean
    JobScheduleClient jobSchedules(ScheduleClient schedules, ComputeJobClient jobs, ScheduleParameters parameters,
            @Value("${decidr.jobs.schedules.max-per-tenant:100}") int maxPerTenant) {
        return new JobScheduleClient(schedules, jobs, parameters, maxPerTenant);
    }

    /** What schedules keep of their jobs' parameters: an import's sealed with the schedule's key. */
    @Bean
    ScheduleParameters scheduleParameters(PersonalKeys keys) {
        return new ScheduleParameters(keys);
    }
}
