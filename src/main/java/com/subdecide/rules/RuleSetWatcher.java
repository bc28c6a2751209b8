package com.subdecide.rules;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hot reload: watches the rule folders and, once they have been quiet for the debounce time after a change,
 * asks {@link ActiveRuleSet} to take them live. Compiling happens on this thread, never on a request's.
 */
@Component
class RuleSetWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RuleSetWatcher.class);

    private final RulesProperties folders;
    private final ActiveRuleSet active;
    private volatile WatchService watcher;
    private volatile Thread thread;

    RuleSetWatcher(RulesProperties folders, ActiveRuleSet active) {
        this.folders = folders;
        this.active = active;
    }

    @Override
    public void start() {
        if (!folders.watch()) {
            return;
        }
        if (!folders.localAuthoring()) {
            log.warn("decisions.rules.watch is ignored outside local authoring (decisions.rules.local-authoring=false): "
                    + "only an ADMIN's promotion, rollback or reload makes a version live");
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
            for (String dir : List.of(folders.rulesDir(), folders.tablesDir(), folders.solverDir())) {
                registerTree(Path.of(dir));
            }
        } catch (IOException e) {
            log.warn("cannot watch the rule folders, edits go live only by POST /api/v1/rulesets/reload: {}", e.getMessage());
            return;
        }
        thread = new Thread(this::watch, "rule-set-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void registerTree(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private void watch() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.take();
                boolean relevant = drain(key);
                // Quiet period: editors and copies write a file in several steps.
                WatchKey more;
                while ((more = watcher.poll(folders.debounceMillis(), TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(more);
                }
                if (relevant) {
                    try {
                        active.reloadFromFolders("file change");
                    } catch (RuntimeException e) {
                        log.warn("reloading the rule folders failed: {}", e.toString());
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean drain(WatchKey key) {
        boolean relevant = false;
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path changed = dir.resolve((Path) event.context());
            if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                try {
                    registerTree(changed);
                } catch (IOException e) {
                    log.warn("cannot watch {}: {}", changed, e.getMessage());
                }
            }
            String name = changed.getFileName().toString();
            relevant |= !name.startsWith(".") && !name.startsWith("~$");
        }
        key.reset();
        return relevant;
    }

    @Override
    public void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException e) {
            log.debug("closing the watcher: {}", e.getMessage());
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
