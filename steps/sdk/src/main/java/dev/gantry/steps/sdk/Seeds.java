package dev.gantry.steps.sdk;

/** Derives independent random seeds from one seed, so seeded work can be split up and stay reproducible. */
public final class Seeds {
    private Seeds() {}

    /** Mixes a seed with two indices into a well-spread 64-bit seed (MurmurHash3's finalizer). */
    public static long mix(long seed, long a, long b) {
        long h = seed ^ (a * 0x9E3779B97F4A7C15L) ^ (b * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
