package org.deeplesion.dicom;

/** Value representations of the tags this project knows, for reading implicit-VR data sets. */
final class ElementDictionary {

    private ElementDictionary() {}

    /** The VR of a tag; group lengths are UL, and tags outside the dictionary (private ones included) are UN. */
    static Vr vrOf(int tag) {
        if ((tag & 0xFFFF) == 0) {
            return Vr.UL;
        }
        return switch (tag) {
            case Tag.FileMetaInformationVersion -> Vr.OB;
            case Tag.MediaStorageSOPClassUID,
                    Tag.MediaStorageSOPInstanceUID,
                    Tag.TransferSyntaxUID,
                    Tag.ImplementationClassUID,
                    Tag.SOPClassUID,
                    Tag.SOPInstanceUID,
                    Tag.ReferencedSOPClassUID,
                    Tag.ReferencedSOPInstanceUID,
                    Tag.StudyInstanceUID,
                    Tag.SeriesInstanceUID,
                    Tag.FrameOfReferenceUID -> Vr.UI;
            case Tag.ImplementationVersionName,
                    Tag.AccessionNumber,
                    Tag.StationName,
                    Tag.PatientTelephoneNumbers,
                    Tag.ConvolutionKernel,
                    Tag.StudyID,
                    Tag.PerformedProcedureStepID -> Vr.SH;
            case Tag.SourceApplicationEntityTitle -> Vr.AE;
            case Tag.FileSetID,
                    Tag.SpecificCharacterSet,
                    Tag.ImageType,
                    Tag.Modality,
                    Tag.ConversionType,
                    Tag.PatientSex,
                    Tag.BodyPartExamined,
                    Tag.PatientPosition,
                    Tag.PatientOrientation,
                    Tag.PhotometricInterpretation,
                    Tag.LossyImageCompression,
                    Tag.LossyImageCompressionMethod,
                    Tag.GraphicLayer,
                    Tag.GraphicAnnotationUnits,
                    Tag.BoundingBoxTextHorizontalJustification,
                    Tag.AnchorPointVisibility,
                    Tag.GraphicType,
                    Tag.GraphicFilled,
                    Tag.ImageHorizontalFlip,
                    Tag.ContentLabel,
                    Tag.PresentationSizeMode,
                    Tag.ImageFormat,
                    Tag.PresentationLUTShape -> Vr.CS;
            case Tag.DirectoryRecordSequence,
                    Tag.ReferencedSeriesSequence,
                    Tag.ReferencedImageSequence,
                    Tag.VOILUTSequence,
                    Tag.ContentSequence,
                    Tag.GraphicAnnotationSequence,
                    Tag.TextObjectSequence,
                    Tag.GraphicObjectSequence,
                    Tag.DisplayedAreaSelectionSequence,
                    Tag.GraphicLayerSequence,
                    Tag.DigitalSignaturesSequence -> Vr.SQ;
            case Tag.InstanceCreationDate,
                    Tag.StudyDate,
                    Tag.SeriesDate,
                    Tag.AcquisitionDate,
                    Tag.ContentDate,
                    Tag.PatientBirthDate,
                    Tag.PerformedProcedureStepStartDate,
                    Tag.PresentationCreationDate -> Vr.DA;
            case Tag.InstanceCreationTime,
                    Tag.StudyTime,
                    Tag.SeriesTime,
                    Tag.AcquisitionTime,
                    Tag.ContentTime,
                    Tag.PatientBirthTime,
                    Tag.PerformedProcedureStepStartTime,
                    Tag.PresentationCreationTime -> Vr.TM;
            case Tag.Manufacturer,
                    Tag.InstitutionName,
                    Tag.StudyDescription,
                    Tag.SeriesDescription,
                    Tag.InstitutionalDepartmentName,
                    Tag.ManufacturerModelName,
                    Tag.PatientID,
                    Tag.IssuerOfPatientID,
                    Tag.OtherPatientIDs,
                    Tag.PatientAddress,
                    Tag.DeviceSerialNumber,
                    Tag.SoftwareVersions,
                    Tag.ProtocolName,
                    Tag.PositionReferenceIndicator,
                    Tag.RescaleType,
                    Tag.GraphicLayerDescription,
                    Tag.ContentDescription -> Vr.LO;
            case Tag.InstitutionAddress -> Vr.ST;
            case Tag.ReferringPhysicianName,
                    Tag.PhysiciansOfRecord,
                    Tag.PerformingPhysicianName,
                    Tag.NameOfPhysiciansReadingStudy,
                    Tag.OperatorsName,
                    Tag.PatientName,
                    Tag.OtherPatientNames,
                    Tag.ContentCreatorName -> Vr.PN;
            case Tag.ReferencedFrameNumber,
                    Tag.ExposureTime,
                    Tag.XRayTubeCurrent,
                    Tag.SeriesNumber,
                    Tag.AcquisitionNumber,
                    Tag.InstanceNumber,
                    Tag.NumberOfFrames,
                    Tag.GraphicLayerOrder,
                    Tag.PresentationPixelAspectRatio -> Vr.IS;
            case Tag.PatientAge -> Vr.AS;
            case Tag.PatientSize,
                    Tag.PatientWeight,
                    Tag.SliceThickness,
                    Tag.KVP,
                    Tag.SpacingBetweenSlices,
                    Tag.ImagePositionPatient,
                    Tag.ImageOrientationPatient,
                    Tag.SliceLocation,
                    Tag.PixelSpacing,
                    Tag.WindowCenter,
                    Tag.WindowWidth,
                    Tag.RescaleIntercept,
                    Tag.RescaleSlope,
                    Tag.LossyImageCompressionRatio,
                    Tag.PresentationPixelSpacing -> Vr.DS;
            case Tag.PatientComments -> Vr.LT;
            case Tag.SamplesPerPixel,
                    Tag.PlanarConfiguration,
                    Tag.Rows,
                    Tag.Columns,
                    Tag.BitsAllocated,
                    Tag.BitsStored,
                    Tag.HighBit,
                    Tag.PixelRepresentation,
                    Tag.GraphicDimensions,
                    Tag.NumberOfGraphicPoints,
                    Tag.ImageRotation,
                    Tag.GraphicLayerRecommendedDisplayGrayscaleValue -> Vr.US;
            case Tag.BoundingBoxTopLeftHandCorner,
                    Tag.BoundingBoxBottomRightHandCorner,
                    Tag.AnchorPoint,
                    Tag.GraphicData,
                    Tag.PresentationPixelMagnificationRatio -> Vr.FL;
            case Tag.DisplayedAreaTopLeftHandCorner, Tag.DisplayedAreaBottomRightHandCorner -> Vr.SL;
            case Tag.ExtendedOffsetTable, Tag.ExtendedOffsetTableLengths -> Vr.OV;
            case Tag.FloatPixelData -> Vr.OF;
            case Tag.PixelData -> Vr.OW;
            default -> Vr.UN;
        };
    }
}
