import { control as sagemakerNotebookDirectInternetAccessDisabled } from './sagemaker_notebook_direct_internet_access_disabled.js';
import { control as sagemakerNotebookEncryptedWithCmk } from './sagemaker_notebook_encrypted_with_cmk.js';
import { control as sagemakerNotebookInVpcSubnet } from './sagemaker_notebook_in_vpc_subnet.js';
import { control as sagemakerNotebookRootAccessDisabled } from './sagemaker_notebook_root_access_disabled.js';
import type { Control } from './types.js';

/** Amazon SageMaker: notebooks, domains, endpoints, models, jobs, model registry, monitoring. */
export const sagemakerControls: readonly Control[] = [
  sagemakerNotebookDirectInternetAccessDisabled,
  sagemakerNotebookEncryptedWithCmk,
  sagemakerNotebookInVpcSubnet,
  sagemakerNotebookRootAccessDisabled,
];
