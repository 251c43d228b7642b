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
        return reopener.use(port -> port.read(buffer, timeout));
    }

    @Override
    public void write(byte[] data) throws PortException {
        reopener.use(port -> {
            port.write(data);
            return null;
        });
    }

    @Override
    public void close() {
        reopener.close();
    }
}
