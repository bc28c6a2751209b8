package com.subdecide.system;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts a real PostgreSQL in-process when no {@code spring.datasource.url} is configured, so the service
 * runs on a fresh machine with nothing installed. Any other PostgreSQL is used through the usual Spring
 * properties, and then this configuration stays out of the way. It runs durable: every acknowledged commit is
 * flushed to disk ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes} on). A PostgreSQL left
 * running by a service that was killed ({@code kill -9}) is stopped before a new one starts on its data.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "spring.datasource", name = "url", havingValue = "embedded", matchIfMissing = true)
class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
    private static final Duration ORPHAN_STOP = Duration.ofSeconds(30);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresProperties properties) throws IOException {
        Path dataDir = Path.of(properties.dataDir()).toAbsolutePath();
        Files.createDirectories(dataDir);
        if (!properties.clean()) {
            stopOrphan(dataDir);
        }
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(properties.clean())
                .setPort(properties.port())
                // The embedded defaults trade durability for speed; accepted data must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .start();
    }

    /**
     * A postmaster whose data directory nobody holds (the service that started it died without stopping it) is
     * stopped: asked to shut down fast, then killed if it will not (PostgreSQL recovers from its WAL).
     */
    static void stopOrphan(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile) || heldByALiveService(dataDir)) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster(pidFile);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle orphan = postmaster.get();
        log.warn("a PostgreSQL (pid {}) was left running on {} by a service that stopped without it; stopping it",
                orphan.pid(), dataDir);
        // SIGINT is PostgreSQL's fast shutdown: it ends sessions and writes a checkpoint.
        signal(orphan.pid(), "INT");
        Instant deadline = Instant.now().plus(ORPHAN_STOP);
        while (orphan.isAlive() && Instant.now().isBefore(deadline)) {
            sleep();
        }
        if (orphan.isAlive()) {
            orphan.destroyForcibly();
            log.warn("PostgreSQL pid {} did not stop in {} s and was killed; it recovers from its log at start",
                    orphan.pid(), ORPHAN_STOP.toSeconds());
        }
    }

    private static boolean heldByALiveService(Path dataDir) {
        Path lock = dataDir.resolve("epg-lock");
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<ProcessHandle> postmaster(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void signal(long pid, String name) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start().waitFor();
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Bean
    DataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        dataSource.setUsername("postgres");
        dataSource.setPoolName("embedded");
        dataSource.setMaximumPoolSize(10);
        dataSource.setConnectionTimeout(2_000);
        return dataSource;
    }
}
