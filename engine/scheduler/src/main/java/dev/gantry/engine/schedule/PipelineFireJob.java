package dev.gantry.engine.schedule;

import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** The Quartz job of a scheduled pipeline: hands the fire to the daemon's {@link FireHandler}. */
public final class PipelineFireJob implements Job {
    static final String DAEMON = "gantry.daemon";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            SchedulerDaemon daemon = (SchedulerDaemon) context.getScheduler().getContext().get(DAEMON);
            Instant fireTime = context.getScheduledFireTime().toInstant();
            daemon.fired(context.getJobDetail().getKey().getName(), fireTime);
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
