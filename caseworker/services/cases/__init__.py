"""Cases: intake, stages, casework, assessments, approvals, transfers, my work, timeline."""
