import { DescribeMonitoringScheduleCommand, paginateListMonitoringSchedules } from '@aws-sdk/client-sagemaker';
import { kind, listDescribeCollector, listedByName, text } from './list-describe.js';

/** SageMaker Model Monitor schedules: ListMonitoringSchedules, then DescribeMonitoringSchedule for each. */
export const sagemakerMonitoringSchedules = /* @__PURE__ */ listDescribeCollector({
  id: 'sagemaker.monitoring-schedules',
  service: 'sagemaker',
  description: 'SageMaker Model Monitor schedules: the endpoint each watches, its monitoring type and status.',
  actions: ['sagemaker:ListMonitoringSchedules', 'sagemaker:DescribeMonitoringSchedule'],
  kinds: [
    /* @__PURE__ */ kind('sagemaker', {
      listOperation: 'ListMonitoringSchedules',
      pages: (client) => paginateListMonitoringSchedules({ client, pageSize: 100 }, {}),
      itemsKey: 'MonitoringScheduleSummaries',
      listed: (item) => listedByName(item.MonitoringScheduleName, item.MonitoringScheduleArn),
      listedBy: 'MonitoringScheduleName or MonitoringScheduleArn',
      describeOperation: 'DescribeMonitoringSchedule',
      describe: (client, { key }) => client.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: key })),
      recordId: (output) => text(output.MonitoringScheduleArn),
      recordedBy: 'MonitoringScheduleArn',
      resourceType: 'AWS::SageMaker::MonitoringSchedule',
    }),
  ],
});
