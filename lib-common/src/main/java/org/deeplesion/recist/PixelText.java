package org.deeplesion.recist;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Coordinates in messages: three decimals at most, so problems read like the numbers a reader measured. */
final class PixelText {

    private PixelText() {}

    static String of(PixelPoint p) {
        return "(" + of(p.x()) + ", " + of(p.y()) + ")";
    }

    static String of(double v) {
        return BigDecimal.valueOf(v)
                .setScale(3, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }
}
