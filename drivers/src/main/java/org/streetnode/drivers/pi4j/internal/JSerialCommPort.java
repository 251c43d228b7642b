package org.streetnode.drivers.pi4j.internal;

import com.fazecast.jSerialComm.SerialPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.streetnode.drivers.port.PortException;

/** A UART through jSerialComm (Pi4J 3.0.3 has no working serial provider). 8N1, no flow control. */
public final class JSerialCommPort implements org.streetnode.drivers.port.SerialPort {

    private final SerialPort port;
    private final String device;
    private final int baud;

    private JSerialCommPort(SerialPort port, String device, int baud) {
        this.port = port;
        this.device = device;
        this.baud = baud;
    }

    public static JSerialCommPort open(String device, int baud) throws PortException {
        Objects.requireNonNull(device, "device");
        if (!Files.exists(Path.of(device))) {
            throw new PortException(device + " does not exist: is the device plugged in (USB), or the UART enabled"
                    + " (enable_uart=1 in /boot/firmware/config.txt)?");
        }
        SerialPort port;
        try {
            port = SerialPort.getCommPort(device);
        } catch (RuntimeException e) {
            throw new PortException("no serial device " + device + ": " + e.getMessage(), e);
        }
        port.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        if (!port.openPort()) {
            throw new PortException("cannot open " + device + " (error " + port.getLastErrorCode()
                    + "); is the user in group dialout?");
        }
        return new JSerialCommPort(port, device, baud);
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public int baud() {
        return baud;
    }

    @Override
    public int read(byte[] buffer, Duration timeout) throws PortException {
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        if (millis <= 0) {
            port.setComPortTimeouts(SerialPort.TIMEOUT_NONBLOCKING, 0, 0);
        } else {
            // Wait up to the timeout for the first byte, then take what is there.
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, millis, 0);
        }
        int n = port.readBytes(buffer, buffer.length);
        if (n < 0) {
            throw new PortException(device + " read failed (error " + port.getLastErrorCode() + "): unplugged?");
        }
        return n;
    }

    @Override
    public void write(byte[] data) throws PortException {
        if (port.writeBytes(data, data.length) != data.length) {
            throw new PortException(device + " write failed (error " + port.getLastErrorCode() + ")");
        }
    }

    @Override
    public void close() {
        port.closePort();
    }

    public boolean isOpen() {
        return port.isOpen();
    }
}
