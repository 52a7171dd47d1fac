export { ProgressReportSchema, readProgressReport, type ProgressReport, type ProgressReportResult } from './progressReport';
export { metricDirection } from './metricDirection';
export { checkSubmission, type SubmissionCheck, type SubmissionCheckOptions } from './submission';
