package org.streetnode.drivers.hotplug;

import java.time.Duration;
import org.streetnode.drivers.port.BoardIo;
import org.streetnode.drivers.port.PortException;
import org.streetnode.drivers.port.SerialPort;

/** A UART opened on first use and again after it died (a USB serial adapter replugged). */
final class ReopeningSerialPort implements SerialPort {

    private final String device;
    private final int baud;
    private final Reopener<SerialPort> reopener;

    ReopeningSerialPort(BoardIo io, String device, int baud) {
        this.device = device;
        this.baud = baud;
        this.reopener = new Reopener<>(device, () -> io.serial(device, baud));
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
        SerialPort port = reopener.port();
        try {
            return port.read(buffer, timeout);
        } catch (PortException e) {
            throw reopener.failed(port, e);
        }
    }

    @Override
    public void write(byte[] data) throws PortException {
        SerialPort port = reopener.port();
        try {
            port.write(data);
        } catch (PortException e) {
            throw reopener.failed(port, e);
        }
    }

    @Override
    public void close() {
        reopener.close();
    }
}
