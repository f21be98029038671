import { DescribeMonitoringScheduleCommand, paginateListMonitoringSchedules } from '@aws-sdk/client-sagemaker';
import { listDescribeCollector } from './sagemaker-list-describe.js';

/** SageMaker Model Monitor schedules: ListMonitoringSchedules, then DescribeMonitoringSchedule for each. */
export const sagemakerMonitoringSchedules = listDescribeCollector({
  id: 'sagemaker.monitoring-schedules',
  description: 'SageMaker Model Monitor schedules: the endpoint each watches, its monitoring type and status.',
  actions: ['sagemaker:ListMonitoringSchedules', 'sagemaker:DescribeMonitoringSchedule'],
  kinds: [
    {
      listOperation: 'ListMonitoringSchedules',
      pages: (client) => paginateListMonitoringSchedules({ client, pageSize: 100 }, {}),
      itemsKey: 'MonitoringScheduleSummaries',
      nameKey: 'MonitoringScheduleName',
      arnKey: 'MonitoringScheduleArn',
      describeOperation: 'DescribeMonitoringSchedule',
      describe: (client, name) => client.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: name })),
      describedArnKey: 'MonitoringScheduleArn',
      resourceType: 'AWS::SageMaker::MonitoringSchedule',
    },
  ],
});
