package dev.gantry.engine.schedule;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** The daily Quartz job of the {@code retention:} setting: hands it to the daemon's garbage collection. */
public final class RetentionJob implements Job {
    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ((SchedulerDaemon) context.getScheduler().getContext().get(PipelineFireJob.DAEMON)).collectGarbage();
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
