#!/usr/bin/env bash
# A one-node Slurm cluster from Debian's packages, for the Slurm executor's tests and bench/slurm:
# munged, slurmctld and slurmd on this machine, one node with its own cores and memory, and one
# default partition. Memory limits are enforced through the cgroup plugins where this machine's
# cgroups allow it (the out-of-memory test needs them); otherwise the node runs without them and
# the script says so. Idempotent: a cluster that answers is left as it is.
set -euo pipefail

sudo=""
if [ "$(id -u)" != 0 ]; then
  sudo="sudo"
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  echo "installing slurm-wlm and munge"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq slurm-wlm munge >/dev/null
fi

if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
  echo "slurm: a cluster already answers ($(sinfo -h -o '%N %T' | head -1))"
  exit 0
fi

node=$(hostname -s)
# The tests' and benchmarks' jobs are tiny: the node offers at least 8 CPUs (config_overrides
# lets slurmd take more than it finds), so that a 100-trial matrix is not two jobs at a time.
cpus=$(nproc)
[ "$cpus" -lt 8 ] && cpus=8
# Leave the engine and the JVMs of the tests room: the node offers 3/4 of this machine's memory.
memory=$(( $(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) * 3 / 4 ))

# munge: a key of its own, then the daemon.
if [ ! -s /etc/munge/munge.key ]; then
  $sudo sh -c 'dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null'
fi
$sudo chown munge:munge /etc/munge/munge.key
$sudo chmod 400 /etc/munge/munge.key
$sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
$sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge
if ! munge -n </dev/null >/dev/null 2>&1; then
  if [ -z "$sudo" ]; then
    su -s /bin/sh munge -c '/usr/sbin/munged --force'
  else
    sudo -u munge /usr/sbin/munged --force
  fi
fi

# The cgroup plugins enforce --mem (the step is killed, and Slurm says OUT_OF_MEMORY). They need
# a writable memory cgroup hierarchy; without one, slurmd would not start with them.
proctrack=proctrack/linuxproc
task=task/none
if [ -w /sys/fs/cgroup/memory ] || [ -w /sys/fs/cgroup/cgroup.controllers ]; then
  proctrack=proctrack/cgroup
  task=task/cgroup
fi

# Slurm's OCI support (sbatch --container) through runc, which Docker's packages bring, for
# steps that run in containers (executors.slurm.containers: oci).
if ! command -v runc >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq runc >/dev/null
fi
$sudo mkdir -p /etc/slurm /run/slurm-oci
$sudo tee /etc/slurm/oci.conf >/dev/null <<'CONF'
RunTimeQuery="runc --root=/run/slurm-oci state %n.%u.%j.%s.%t"
RunTimeRun="runc --root=/run/slurm-oci run %n.%u.%j.%s.%t -b %b"
RunTimeKill="runc --root=/run/slurm-oci kill -a %n.%u.%j.%s.%t"
RunTimeDelete="runc --root=/run/slurm-oci delete --force %n.%u.%j.%s.%t"
CONF

write_conf() {
  $sudo mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm
  $sudo tee /etc/slurm/slurm.conf >/dev/null <<CONF
ClusterName=gantry-ci
SlurmctldHost=$node
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=$1
TaskPlugin=$2
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
# Schedule on every job's end (at most every 0.1 s) and every 2 s besides, not Slurm's defaults of
# every 2 s on events and 60 s between passes: the tests and benchmarks queue hundreds of tiny jobs.
SchedulerParameters=sched_interval=2,sched_min_interval=100000,bf_interval=1
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
JobAcctGatherType=jobacct_gather/none
MinJobAge=600
MaxArraySize=10001
MaxJobCount=100000
DefMemPerCPU=256
SlurmctldParameters=enable_configless
ReturnToService=2
SlurmdParameters=config_overrides
KillWait=5
InactiveLimit=0
NodeName=$node CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=main Nodes=$node Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
  $sudo tee /etc/slurm/cgroup.conf >/dev/null <<CONF
ConstrainCores=no
ConstrainRAMSpace=yes
ConstrainSwapSpace=yes
AllowedSwapSpace=0
CONF
}

start_daemons() {
  $sudo pkill -x slurmd 2>/dev/null || true
  $sudo pkill -x slurmctld 2>/dev/null || true
  sleep 1
  $sudo rm -rf /var/spool/slurmctld/* /var/spool/slurmd/*
  $sudo /usr/sbin/slurmctld -i
  $sudo /usr/sbin/slurmd
  for _ in $(seq 1 30); do
    if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
      return 0
    fi
    sleep 1
  done
  return 1
}

write_conf "$proctrack" "$task"
if ! start_daemons; then
  if [ "$task" = task/cgroup ]; then
    echo "slurm: slurmd did not come up with the cgroup plugins; starting it without them" \
      "(memory limits are then not enforced)"
    tail -5 /var/log/slurm/slurmd.log || true
    write_conf proctrack/linuxproc task/none
    start_daemons || { echo "error: slurm did not come up; its logs:" >&2; tail -20 /var/log/slurm/*.log >&2; exit 1; }
  else
    echo "error: slurm did not come up; its logs:" >&2
    tail -20 /var/log/slurm/*.log >&2
    exit 1
  fi
fi
$sudo scontrol update nodename="$node" state=resume 2>/dev/null || true
echo "slurm: $(sinfo -h -o '%P %N %c cpus %m MB %T' | head -1) ($(scontrol show config | awk '/^TaskPlugin / { print $3 }'))"
