package dev.gantry.engine.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Quartz job of a scheduled pipeline: hands the fire to the daemon's {@link FireHandler}. */
public final class PipelineFireJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineFireJob.class);
    static final String DAEMON = "gantry.daemon";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            SchedulerDaemon daemon = (SchedulerDaemon) context.getScheduler().getContext().get(DAEMON);
            Instant fireTime = context.getScheduledFireTime().toInstant();
            LOG.debug("Quartz fired '{}' (due at {}) on {}", context.getJobDetail().getKey().getName(), fireTime,
                    Thread.currentThread().getName());
            daemon.fired(context.getJobDetail().getKey().getName(), fireTime);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
