"""Time `orr check` on a repository of generated CloudFormation templates against loading them.

The repository holds N templates (200 by default: tables, queues, functions, alarms, roles,
target groups and deployment groups, with short-form tags) and a review of every bundled
checklist whose items carry checks, so some 30 probes look at each template. The floor is one
plain process that reads every template once with PyYAML's C loader (short-form tags read as
plain data, the least any tool must do); orr must stay within 1.5x of it, which it can only do
by reading and parsing each file once however many probes look at it. The floor runs on one
core and orr on all of them (a process pool for 50 files or more), the bargain the portfolio's
goal is measured with: on a busy machine the ratio moves with the neighbours. Runs are paired
(floor, then `orr check --dry-run`, then `orr check` recording into a fresh copy of the review)
and the figures are the medians of the per-pair ratios.

    python benchmarks/bench_check.py                 # 200 templates, 7 pairs
    python benchmarks/bench_check.py --templates 400 --runs 11 --keep /tmp/orr-check-bench
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
CHECKLISTS = [
    "event-driven",
    "incremental-deploy",
    "resilience",
    "runbooks-playbooks",
    "serverless-security",
    "zonal-shift",
]
FLOOR = """
import sys, yaml
from pathlib import Path
class Loader(yaml.CSafeLoader):
    pass
Loader.add_multi_constructor("!", lambda loader, suffix, node: {suffix: (
    loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode)
    else loader.construct_sequence(node, deep=True) if isinstance(node, yaml.SequenceNode)
    else loader.construct_mapping(node, deep=True))})
for path in sorted(Path(sys.argv[1]).glob("**/*.yaml")):
    if path.name != "review.yaml":
        yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)
"""

RESOURCES = {
    "Table": """\
  {name}Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub "${{AWS::StackName}}-{lower}"
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
        - AttributeName: sk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
        - AttributeName: sk
          KeyType: RANGE
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: {flag}
      SSESpecification:
        SSEEnabled: true
      Tags:
        - Key: team
          Value: orders
""",
    "Queue": """\
  {name}Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: {lower}
      VisibilityTimeout: 180
      SqsManagedSseEnabled: true
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt {name}Dlq.Arn
        maxReceiveCount: 5
  {name}Dlq:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: {lower}-dlq
      MessageRetentionPeriod: 1209600
      SqsManagedSseEnabled: true
""",
    "Function": """\
  {name}Function:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${{AWS::StackName}}-{lower}"
      Runtime: python3.12
      Handler: app.handler
      MemorySize: 512
      Timeout: 30
      Role: !GetAtt {name}Role.Arn
      ReservedConcurrentExecutions: 20
      Code:
        S3Bucket: !Ref ArtifactBucket
        S3Key: !Sub "{lower}/${{Version}}.zip"
      Environment:
        Variables:
          TABLE: !Ref {name}Table
          STAGE: !Ref Stage
          DB_SECRET_ARN: !Ref DbSecret
          LOG_LEVEL: INFO
  {name}Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: {lower}
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - dynamodb:GetItem
                  - dynamodb:PutItem
                  - dynamodb:Query
                Resource: !GetAtt {name}Table.Arn
""",
    "Alarm": """\
  {name}Errors:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub "${{AWS::StackName}}-{lower}-errors"
      AlarmDescription: Errors are rising. Runbook https://wiki.example.com/runbooks/{lower}
      Namespace: Orders
      MetricName: Errors
      Dimensions:
        - Name: AvailabilityZone
          Value: !Select [0, !GetAZs ""]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 3
      DatapointsToAlarm: 2
      Threshold: 5
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
  {name}Age:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: Messages wait. Runbook https://wiki.example.com/runbooks/{lower}-age
      Namespace: AWS/SQS
      MetricName: ApproximateAgeOfOldestMessage
      Dimensions:
        - Name: QueueName
          Value: !GetAtt {name}Queue.QueueName
      Statistic: Maximum
      Period: 60
      EvaluationPeriods: 5
      Threshold: 300
      ComparisonOperator: GreaterThanThreshold
""",
    "Targets": """\
  {name}Targets:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 443
      Protocol: HTTPS
      VpcId: !ImportValue network-vpc
      HealthCheckPath: /ping/deep
      TargetGroupAttributes:
        - Key: load_balancing.cross_zone.enabled
          Value: "false"
        - Key: target_group_health.unhealthy_state_routing.minimum_healthy_targets.count
          Value: "2"
        - Key: deregistration_delay.timeout_seconds
          Value: "30"
""",
    "Deploy": """\
  {name}Deployments:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: !Ref App
      ServiceRoleArn: !GetAtt DeployRole.Arn
      DeploymentConfigName: CodeDeployDefault.LambdaCanary10Percent5Minutes
      AutoRollbackConfiguration:
        Enabled: true
        Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
      AlarmConfiguration:
        Enabled: true
        Alarms:
          - Name: !Ref {name}Errors
""",
}


def template(n: int, rng: random.Random) -> str:
    parts = [
        'AWSTemplateFormatVersion: "2010-09-09"\n',
        f"Description: Service {n} of the benchmark repository.\n",
        "Parameters:\n  Stage:\n    Type: String\n  Version:\n    Type: String\n",
        "Resources:\n",
    ]
    for k in range(4):
        name = f"Part{n}x{k}"
        flag = "true" if rng.random() > 0.05 else "false"
        for kind in RESOURCES:
            parts.append(RESOURCES[kind].format(name=name, lower=name.lower(), flag=flag))
    return "".join(parts)


def generate(count: int, folder: Path, seed: int = 7) -> Path:
    """A repository of ``count`` templates and a review of the checklists with checks."""
    rng = random.Random(seed)
    for n in range(count):
        path = folder / "services" / f"svc{n:03d}" / "template.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template(n, rng), encoding="utf-8")
    (folder / ".git").mkdir(exist_ok=True)
    review = folder / "review.yaml"
    listed = "".join(f"  - {c}\n" for c in CHECKLISTS)
    review.write_text(f"service: bench\nowner: team-bench\nchecklists:\n{listed}answers: {{}}\n")
    return review


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user and system, with the pool's workers) of one run."""
    before, start = os.times(), time.perf_counter()
    done = subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, check=False
    )
    elapsed, after = time.perf_counter() - start, os.times()
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {done.returncode}: {done.stderr!r}")
    cpu = after.children_user + after.children_system
    return elapsed, cpu - before.children_user - before.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--templates", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="orr-check-bench-"))
    review = generate(args.templates, folder)
    pristine = review.read_text(encoding="utf-8")
    script = Path(sys.executable).with_name("orr")
    orr = [str(script)] if script.is_file() else [sys.executable, "-m", "orr"]
    check = [*orr, "check", str(review), "--today", "2026-12-01"]
    dry = [*check, "--dry-run"]
    floor = [sys.executable, "-c", FLOOR, str(folder)]
    size = sum(p.stat().st_size for p in folder.glob("services/*/template.yaml"))
    timed(floor)
    timed(check)  # warm the file cache and the bytecode
    floors: list[tuple[float, float]] = []
    runs: dict[str, list[tuple[float, float]]] = {
        "orr check --dry-run": [],
        "orr check (recording)": [],
    }
    for _ in range(args.runs):
        floors.append(timed(floor))
        review.write_text(pristine, encoding="utf-8")  # each run records from scratch
        runs["orr check --dry-run"].append(timed(dry))
        runs["orr check (recording)"].append(timed(check))
    print(f"{args.templates} templates, {size / 1e6:.1f} MB, in {folder}")
    print(
        f"{'floor (C loader, each file once):':33} {_ms(floors, 0)} ms         "
        f"cpu {_ms(floors, 1)} ms"
    )
    for name, times in runs.items():
        ratios = [(t[0] / f[0], t[1] / f[1]) for t, f in zip(times, floors, strict=True)]
        print(
            f"{name + ':':33} {_ms(times, 0)} ms  {_median(ratios, 0):.2f}x  "
            f"cpu {_ms(times, 1)} ms  {_median(ratios, 1):.2f}x"
        )
    print(f"(medians of {args.runs} paired runs; cpu: user and system, pool workers included)")
    if args.keep is None:
        shutil.rmtree(folder)


def _median(pairs: list[tuple[float, float]], which: int) -> float:
    return statistics.median(pair[which] for pair in pairs)


def _ms(pairs: list[tuple[float, float]], which: int) -> str:
    return f"{_median(pairs, which) * 1000:7.1f}"


if __name__ == "__main__":
    main()
