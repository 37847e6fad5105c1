package io.github.mailoauth2.bench;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** Wall-clock timing for the benchmarks: milliseconds per call, sorted, so percentiles are indexes. */
public final class Timing {
    private Timing() {
    }

    /**
     * @param warmups calls made first and not counted
     * @param rounds calls timed
     */
    public static double[] measure(int warmups, int rounds, Callable<?> call) throws Exception {
        for (int i = 0; i < warmups; i++) {
            call.call();
        }
        double[] millis = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            call.call();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis;
    }
}
