package org.deeplesion.synth;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Draws realistic but fictitious identifiers. Names mix ASCII and non-ASCII spellings so that character set
 * handling is exercised; the first patient of every cohort always has a non-ASCII name, so even a one-patient test
 * cohort needs ISO_IR 192.
 */
final class Identities {

    private static final DateTimeFormatter DICOM_DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private static final List<String> ASCII_FAMILY = List.of(
            "Smith",
            "Johnson",
            "Garcia",
            "O'Connor",
            "Dubois",
            "Kowalski",
            "Johansson",
            "Rossi",
            "Tanaka",
            "Patel",
            "Brown",
            "Kim",
            "Jones",
            "Martin",
            "Becker",
            "Wilson",
            "Papadopoulos");
    private static final List<String> NON_ASCII_FAMILY = List.of(
            "Müller",
            "Schröder",
            "Weiß",
            "Fernández",
            "Nguyễn",
            "Lefèvre",
            "Łukasiewicz",
            "Øvergård",
            "Ålund",
            "Novák",
            "Dvořák",
            "Yılmaz",
            "Sørensen");
    private static final List<String> MALE_GIVEN = List.of(
            "Jürgen",
            "John",
            "José",
            "Paweł",
            "Lars",
            "Marco",
            "Hiroshi",
            "Raj",
            "Tomáš",
            "Michael",
            "Björn",
            "François",
            "Ahmet",
            "Nikolaos",
            "Peter");
    private static final List<String> FEMALE_GIVEN = List.of(
            "Anna",
            "Zoë",
            "Hélène",
            "María",
            "Åse",
            "Giulia",
            "Yuki",
            "Priya",
            "Eva",
            "Sarah",
            "Małgorzata",
            "Léa",
            "Ayşe",
            "Ingrid",
            "Emily");
    private static final List<String> STAFF_FAMILY = List.of(
            "Carter",
            "Lindqvist",
            "Moreau",
            "Hartmann",
            "Okafor",
            "Brennan",
            "Sato",
            "Jiménez",
            "Kovač",
            "Andersen",
            "Fischer",
            "Nowak");
    private static final List<String> STAFF_GIVEN = List.of(
            "Elise",
            "Mark",
            "Ines",
            "Thomas",
            "Chidi",
            "Fiona",
            "Kenji",
            "Lucía",
            "Ivan",
            "Mette",
            "Stefan",
            "Agnieszka");

    /** A hospital with its one CT scanner. */
    record Institution(
            String name, String address, String stationName, String deviceSerialNumber, ScannerModel scanner) {}

    private static final List<Institution> INSTITUTIONS = List.of(
            new Institution(
                    "Saint Aurelia General Hospital",
                    "14 Harbour Road, Eastbridge EB3 9QT",
                    "CTSAGH01",
                    "HX64-2231457",
                    ScannerModel.HELIX),
            new Institution(
                    "Klinikum Nordstadt-Süd",
                    "Lindenallee 7, 31134 Ostheim",
                    "CTKNS02",
                    "PL256-0087311",
                    ScannerModel.NORDLICHT),
            new Institution(
                    "Hôpital Sainte-Élise",
                    "3 rue des Tilleuls, 69999 Villebrune",
                    "CTHSE01",
                    "MS128-77120",
                    ScannerModel.MERIDIAN),
            new Institution(
                    "Riverside Community Medical Center",
                    "200 Mill Street, Fairhaven, OR 97999",
                    "CTRCMC03",
                    "HX64-2240981",
                    ScannerModel.HELIX),
            new Institution(
                    "Szpital Miejski św. Łucji",
                    "ul. Ogrodowa 5, 00-999 Zielonka",
                    "CTSML01",
                    "MS128-80233",
                    ScannerModel.MERIDIAN),
            new Institution(
                    "Åsby Imaging Clinic",
                    "Strandvägen 21, 999 99 Åsby",
                    "CTAIC01",
                    "PL256-0091544",
                    ScannerModel.NORDLICHT));

    private static final LocalDate FIRST_STUDY_FROM = LocalDate.of(2012, 1, 1);

    private Identities() {}

    static PatientIdentity patient(int patientIndex, long seed, boolean male, LocalDate birthDate, SplittableRandom r) {
        List<String> family = patientIndex == 1 || r.nextDouble() < 0.4 ? NON_ASCII_FAMILY : ASCII_FAMILY;
        String given = pick(male ? MALE_GIVEN : FEMALE_GIVEN, r);
        String name = pick(family, r) + "^" + (patientIndex == 1 ? (male ? "Jürgen" : "Zoë") : given);
        long offset = Math.floorMod(seed * 31 + 17, 100_000_000L);
        // 7919 is prime to 10^8, so distinct patient indices get distinct record numbers.
        String id = String.format(Locale.ROOT, "MRN%08d", (patientIndex * 7919L + offset) % 100_000_000L);
        return new PatientIdentity(name, id, "SYNTH-MPI", DICOM_DATE.format(birthDate), male ? "M" : "F");
    }

    static Institution homeInstitution(SplittableRandom r) {
        return pick(INSTITUTIONS, r);
    }

    /** Most follow-ups happen at the patient's home hospital; some elsewhere. */
    static Institution studyInstitution(Institution home, SplittableRandom r) {
        return r.nextDouble() < 0.8 ? home : pick(INSTITUTIONS, r);
    }

    static LocalDate firstStudyDate(SplittableRandom r) {
        return FIRST_STUDY_FROM.plusDays(r.nextInt(8 * 365));
    }

    static StudyIdentity study(
            int patientIndex,
            int studyIndex,
            long seed,
            LocalDate birthDate,
            LocalDate date,
            Institution institution,
            SplittableRandom r) {
        int seconds = r.nextInt(7 * 3600, 19 * 3600);
        String time = String.format(Locale.ROOT, "%02d%02d%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
        int age = Period.between(birthDate, date).getYears();
        long offset = Math.floorMod(seed * 131 + 7, 10_000_000L);
        String accession =
                String.format(Locale.ROOT, "A%02d%07d", studyIndex, (patientIndex * 104_729L + offset) % 10_000_000L);
        return new StudyIdentity(
                DICOM_DATE.format(date),
                time,
                String.format(Locale.ROOT, "%03dY", age),
                accession,
                String.format(Locale.ROOT, "CT%06d", r.nextInt(1_000_000)),
                institution.name(),
                institution.address(),
                staff(r, "Dr."),
                staff(r, "Dr."),
                staff(r, ""),
                staff(r, "Dr."),
                institution.stationName(),
                institution.deviceSerialNumber());
    }

    private static String staff(SplittableRandom r, String prefix) {
        String name = pick(STAFF_FAMILY, r) + "^" + pick(STAFF_GIVEN, r);
        return prefix.isEmpty() ? name : name + "^^" + prefix;
    }

    private static <T> T pick(List<T> values, SplittableRandom r) {
        return values.get(r.nextInt(values.size()));
    }
}
