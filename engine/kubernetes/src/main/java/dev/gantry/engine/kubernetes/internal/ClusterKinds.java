package dev.gantry.engine.kubernetes.internal;

import dev.gantry.spec.FailureKind;

/** The failure kinds that only a cluster reports. */
final class ClusterKinds {
    /** An evicted or preempted pod. */
    static final FailureKind PREEMPTED = FailureKind.fromYamlName("preempted").orElse(FailureKind.INFRASTRUCTURE);
    /** A pod no node could take in time. */
    static final FailureKind UNSCHEDULABLE = FailureKind.fromYamlName("unschedulable")
            .orElse(FailureKind.INFRASTRUCTURE);

    private ClusterKinds() {}
}
