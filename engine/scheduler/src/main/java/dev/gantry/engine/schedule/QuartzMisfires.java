package dev.gantry.engine.schedule;

import java.time.Instant;
import java.util.Date;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import org.quartz.listeners.TriggerListenerSupport;

/**
 * Tells the fire listeners of the misfires Quartz handles itself: those a clustered job store
 * remembers from while every scheduler was down, and fires that came too late because every
 * Quartz thread was busy. Each trigger's misfire instruction says whether one fire makes up for
 * them ({@code misfire: run-once} in a cluster) or none does.
 */
final class QuartzMisfires extends TriggerListenerSupport {
    private final FireListeners outcomes;

    QuartzMisfires(FireListeners outcomes) {
        this.outcomes = outcomes;
    }

    @Override
    public String getName() {
        return "gantry-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        // Called before Quartz applies the instruction, so the next fire time is still the missed one.
        Date missed = trigger.getNextFireTime();
        boolean caughtUp = trigger.getMisfireInstruction() == CronTrigger.MISFIRE_INSTRUCTION_FIRE_ONCE_NOW;
        outcomes.tell(trigger.getKey().getName(), missed == null ? Instant.now() : missed.toInstant(),
                caughtUp ? FireOutcome.Kind.MISFIRE_CAUGHT_UP : FireOutcome.Kind.MISFIRE_SKIPPED);
    }
}
