package org.streetnode.agent.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/** Opens SQLite connections. Tests substitute one to simulate full disks and read-only filesystems. */
@FunctionalInterface
interface ConnectionFactory {
    Connection open(Path database) throws SQLException;

    static ConnectionFactory sqlite() {
        return database -> new SQLiteConfig().createConnection("jdbc:sqlite:" + database.toAbsolutePath());
    }
}
