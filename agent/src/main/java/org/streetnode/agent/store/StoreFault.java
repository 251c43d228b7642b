package org.streetnode.agent.store;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A failure of the store file, classified by what the store does about it. */
final class StoreFault extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The file set cannot be trusted: quarantine it and start a fresh store. */
        CORRUPT,
        /** No space left: keep readings in memory, retry later. */
        FULL,
        /** Read-only file or filesystem: keep readings in memory, reopen later. */
        READ_ONLY,
        /** Anything else: keep readings in memory, reopen later. */
        IO
    }

    private final Kind kind;

    StoreFault(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    StoreFault(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static StoreFault of(SQLException e) {
        return new StoreFault(classify(e), e.getMessage(), e);
    }

    private static Kind classify(SQLException e) {
        if (!(e instanceof SQLiteException se)) {
            return Kind.IO;
        }
        SQLiteErrorCode code = se.getResultCode();
        String name = code.name();
        if (name.startsWith("SQLITE_CORRUPT") || name.startsWith("SQLITE_NOTADB")) {
            return Kind.CORRUPT;
        }
        if (name.startsWith("SQLITE_FULL")) {
            return Kind.FULL;
        }
        if (name.startsWith("SQLITE_READONLY")) {
            return Kind.READ_ONLY;
        }
        return Kind.IO;
    }

    AlarmReason alarmReason() {
        return switch (kind) {
            case CORRUPT -> AlarmReason.STORE_QUARANTINED;
            case FULL -> AlarmReason.DISK_FULL;
            case READ_ONLY -> AlarmReason.READ_ONLY;
            case IO -> AlarmReason.IO_ERROR;
        };
    }
}
