package com.subdecide.system;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This node's name among the nodes sharing one PostgreSQL: {@code decisions.node.id}, or the host name and the
 * process id. It is what the decision log, the job tables and the scheduler record as the node that acted.
 */
@Component
public class Node {

    private final String id;

    Node(@Value("${decisions.node.id:}") String configured) {
        this.id = configured == null || configured.isBlank() ? hostName() + "-" + ProcessHandle.current().pid()
                : configured.strip();
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
