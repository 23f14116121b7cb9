"""The supervisor's dashboard (`antrean supervisor`): today live, any period with charts and
exports, the satisfaction survey (IKM) and complaints.
"""
