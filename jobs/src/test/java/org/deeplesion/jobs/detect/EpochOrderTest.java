package org.deeplesion.jobs.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplesion.jobs.SparkTestSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EpochOrderTest {

    private static final StructType SCHEMA = new StructType()
            .add("sop_instance_uid", DataTypes.StringType, false)
            .add("frame_index", DataTypes.IntegerType, false)
            .add("patient", DataTypes.IntegerType, false);

    private static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTestSession.get();
    }

    /** Forty patients of five key slices each, in UID order, as a join sorted by key leaves them. */
    private static List<Row> byPatient() {
        List<Row> rows = new ArrayList<>();
        for (int patient = 0; patient < 40; patient++) {
            for (int slice = 0; slice < 5; slice++) {
                rows.add(RowFactory.create("1.2.840." + (100 + patient) + "." + slice, 0, patient));
            }
        }
        return rows;
    }

    private static Dataset<Row> frame(List<Row> rows, int partitions) {
        return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
    }

    /** Each partition's patients, in the order the export would visit them. */
    private static List<List<Integer>> visits(Dataset<Row> ordered) {
        List<List<Integer>> out = new ArrayList<>();
        for (List<Row> partition : ordered.toJavaRDD().glom().collect()) {
            out.add(partition.stream().map(r -> r.<Integer>getAs("patient")).toList());
        }
        return out;
    }

    @Test
    void theSameSeedVisitsTheSameOrderWhateverTheInputLayout() {
        List<Row> sorted = byPatient();
        List<Row> reversed = new ArrayList<>(sorted);
        Collections.reverse(reversed);
        Dataset<Row> oneLayout = spark.createDataFrame(sorted, SCHEMA).coalesce(1);
        Dataset<Row> another = frame(reversed, 7);

        List<List<Integer>> first = visits(EpochOrder.of(oneLayout, 2, 11));
        assertThat(visits(EpochOrder.of(another, 2, 11))).isEqualTo(first);
        assertThat(first).hasSize(2).allSatisfy(p -> assertThat(p).isNotEmpty());
        assertThat(first.stream().mapToInt(List::size).sum()).isEqualTo(sorted.size());
    }

    @Test
    void eachEpochSeedVisitsTheImagesInANewOrder() {
        Dataset<Row> images = frame(byPatient(), 3);
        assertThat(visits(EpochOrder.of(images, 2, 1))).isNotEqualTo(visits(EpochOrder.of(images, 2, 2)));
    }

    @Test
    void slicesOfOnePatientNoLongerArriveTogether() {
        List<List<Integer>> visits = visits(EpochOrder.of(frame(byPatient(), 1), 2, 5));
        long neighbours = 0;
        long pairs = 0;
        for (List<Integer> partition : visits) {
            for (int i = 1; i < partition.size(); i++) {
                pairs++;
                if (partition.get(i).equals(partition.get(i - 1))) {
                    neighbours++;
                }
            }
        }
        // In UID order four of five neighbours share a patient; in a random order about one in forty does.
        assertThat(neighbours).isLessThan(pairs / 8);
    }

    @Test
    void aPartitionCountBelowOneIsRefused() {
        assertThatThrownBy(() -> EpochOrder.of(frame(byPatient(), 1), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be >= 1");
    }
}
