import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from /proc: the server's JVM, every process named postgres, this benchmark's own JVM (its clients, and
 * any receiver it runs) and the whole machine. Shared by the benchmarks that report CPU per request. The server's
 * figure includes its JIT compiler threads, also given apart ({@code jit}): while the JIT still compiles the paths a
 * phase runs, a phase measures the compiler as much as the server.
 */
public record ProcessCpu(long serverPid) {

    private static final double TICK_MILLIS = 10; // USER_HZ is 100 on Linux

    public record Mark(double server, double jit, double postgres, double bench, double machine) {
    }

    public record Spent(double serverMillis, double jitMillis, double postgresMillis, double benchMillis,
                        double machineMillis) {
    }

    public Mark mark() {
        double postgres = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat = read(process.resolve("stat"));
                if (stat.contains("(postgres)")) {
                    // with the children it reaped: a backend whose connection closed during the phase still counts
                    postgres += ticks(stat) + reapedChildrenTicks(stat);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String[] all = read(Path.of("/proc/stat")).lines().findFirst().orElseThrow().trim().split("\\s+");
        double machine = 0;
        for (int field = 1; field <= 7; field++) {
            machine += field == 4 || field == 5 ? 0 : Double.parseDouble(all[field]); // idle and iowait are not CPU work
        }
        return new Mark(ticks(read(Path.of("/proc/" + serverPid + "/stat"))) * TICK_MILLIS, jitTicks() * TICK_MILLIS,
                postgres * TICK_MILLIS, ticks(read(Path.of("/proc/self/stat"))) * TICK_MILLIS, machine * TICK_MILLIS);
    }

    public Spent since(Mark before) {
        Mark now = mark();
        return new Spent(now.server() - before.server(), now.jit() - before.jit(), now.postgres() - before.postgres(),
                now.bench() - before.bench(), now.machine() - before.machine());
    }

    /** The server's HotSpot compiler threads ("C1 CompilerThread0", "C2 CompilerThread0", ...; comm keeps 15 chars). */
    private double jitTicks() {
        double jit = 0;
        try (var threads = Files.list(Path.of("/proc/" + serverPid + "/task"))) {
            for (Path thread : threads.toList()) {
                String stat = read(thread.resolve("stat"));
                if (stat.contains(" CompilerThre")) {
                    jit += ticks(stat);
                }
            }
        } catch (IOException e) {
            return 0; // the server has ended
        }
        return jit;
    }

    /** utime + stime of a /proc/<pid>/stat line (fields 14 and 15). */
    private static double ticks(String stat) {
        return twoFields(stat, 14);
    }

    /** cutime + cstime (fields 16 and 17): the CPU of the children the process waited for after they ended. */
    private static double reapedChildrenTicks(String stat) {
        return twoFields(stat, 16);
    }

    /** Fields {@code first} and {@code first + 1} of a stat line, numbered as in proc(5), summed. */
    private static double twoFields(String stat, int first) {
        if (stat.isEmpty()) {
            return 0;
        }
        // the fields after the command's parenthesis, which may hold spaces, start at field 3
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Double.parseDouble(fields[first - 3]) + Double.parseDouble(fields[first - 2]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return ""; // a process that ended meanwhile
        }
    }
}
